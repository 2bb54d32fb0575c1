"""Plain-text front ends: the line-by-line drill and the stats report `trainer` prints."""
