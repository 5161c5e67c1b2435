"""Chart layouts on plain data (sizes and parent links): no org model, no drawing, no database.

Kept apart so a browser view (or anything else that can measure its boxes) can reuse them.
"""
