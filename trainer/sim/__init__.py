"""The learning-efficiency simulator: exam-day recall per review, scheduler against scheduler."""
