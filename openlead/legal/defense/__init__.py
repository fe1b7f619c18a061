"""The defender's workflow (issue 13, item 4): the client list, the client page and the
note channel between the defense and the care team.

Legal never imports casework (the Golden Rule, an import-linter contract): the care
team's side of the channel is a template in casework that reads `queries.thread_for`.
"""
