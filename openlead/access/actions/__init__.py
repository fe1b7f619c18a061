"""The access app's writes, one module per noun: accounts and role grants, passwords, the
second factor, and ending sessions. Each takes one keyword-only `acting` actor."""
