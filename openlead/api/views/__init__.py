"""API views, one module per area; each starts with the access call its page makes."""
