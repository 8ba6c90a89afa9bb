"""Staff exports: the filtered list and the dashboard's tables (xlsx, csv), and a unit's
monthly report (xlsx). Reporter identity is never a column."""
