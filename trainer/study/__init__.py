"""Studying: the drill queue the app and the simulator both drive."""
