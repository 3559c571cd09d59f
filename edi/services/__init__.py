"""Services of the file routes: Vendor Central spreadsheets in and confirmations out."""
