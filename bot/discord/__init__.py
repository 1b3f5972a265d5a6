"""The Discord adapter: /funding with autocomplete, mentions and DMs, answers as embeds."""
