"""Methods and statistics: the tested computations each section rests on."""
