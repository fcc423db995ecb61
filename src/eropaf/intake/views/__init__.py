"""The partner portal: deliveries and their reports, uploads with their progress, the rejected
rows as a spreadsheet, withdrawing signals and the partner's API keys. Partner users only."""
