"""Pure-Python text handling: Persian analysis, the Jalali calendar, alphabet order, citations."""
