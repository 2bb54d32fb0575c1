"""Study modes built on the session core: timed exam blocks (presets, plan, block, marking)."""
