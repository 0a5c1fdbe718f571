"""Every read supervision's pages, exports and API need, one module per concept; each starts
from `visible_to`."""
