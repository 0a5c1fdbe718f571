"""Every read supervision's pages, exports and API need; each starts from `visible_to`."""
