"""Page objects: one class per site and page type, turning one response into one item."""
