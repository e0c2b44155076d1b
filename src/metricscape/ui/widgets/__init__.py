"""Small shared widgets: fields that commit finished edits, show their own errors, and draw previews."""
