"""Editing operations on the records: what a change in the editor does, in one transaction.

Views stay thin: they validate input with a form and call one function here. Each
function follows the project's standards (keys, timestamps, indexed foreign keys) and
keeps the records consistent (a deleted field takes the relationships and index keys that
used it along).
"""
