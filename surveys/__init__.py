"""Surveys: definitions, the question-type registry, responses and exports.

The blueprint is registered by ``inspraak.create_app``; its pages arrive with the
surveys issue. It may import ``inspraak``, never ``moderation``.
"""
