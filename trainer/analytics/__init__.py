"""Item analysis and class views for instructors: read the whole class's answers."""
