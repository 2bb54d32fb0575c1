"""One module per screen. Screens are given the Trainer they work on; none imports the app."""

from trainer.tui.screens.browse import BrowseScreen
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.exam import ExamResultScreen, ExamScreen, ExamSetupScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.settings import SettingsScreen
from trainer.tui.screens.stats import StatsScreen

__all__ = [
    "BrowseScreen",
    "DrillScreen",
    "ExamResultScreen",
    "ExamScreen",
    "ExamSetupScreen",
    "HomeScreen",
    "SettingsScreen",
    "StatsScreen",
]
