"""The REST API (issue 15): /api/v1/ for agency integrations and the app's own pages.

The views are thin, as the pages' are: each starts with the same access call the page
makes (`require`, `get_for`, `audited_list`, or an app's getter built on them) and writes
through the same actions. Tokens (models.ApiToken) act as one membership, so the policy
table decides for a token exactly as for that persona's session. docs/api.md.
"""
