/* Warn before leaving with unsaved typed text (being built). */
