"""Input validation for supervision's pages, one module per concept."""
