"""What users keep: their own events (SQLite) and imported events (DuckDB), and the view queries on them."""
