"""Tables, the database engine, migrations and queries. No Qt."""
