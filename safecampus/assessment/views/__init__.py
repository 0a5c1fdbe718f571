"""The assessment pages, by concept: the cockpit, the schemes, the rounds and their sheets."""
