"""The public pages, each with its .json and .csv twin, grouped by what they show."""
