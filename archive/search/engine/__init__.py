"""The search engines behind archive.search: nothing else imports this package."""
