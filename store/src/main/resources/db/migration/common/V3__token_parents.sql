-- A token its user minted with another token names that token: it never outlives it and is revoked with it.
ALTER TABLE api_tokens ADD COLUMN parent_token_id BIGINT;
