"""What people and programs read: the terminal's lists and views, JSON, exports (csv, ics, Markdown,
HTML, Excel) and the council report."""
