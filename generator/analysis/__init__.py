"""The analysis: pure functions of the model and its as-of date (schedule,
cost, resources, benefits) put together in one Report."""
