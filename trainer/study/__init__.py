"""Study modes on the session core: the drill queue the app and the simulator both drive,
and timed exam blocks (presets, plan, block, marking)."""
