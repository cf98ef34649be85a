"""What the application does with the records, in transactions: ``edits`` is the one
entry point for every change to a design; the others read (the review, what a deletion
takes along) or manage projects and imports as wholes, through ``edits``."""
