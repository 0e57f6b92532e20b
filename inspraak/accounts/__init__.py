"""Accounts: users, organisations, roles, sign-in, API tokens."""
