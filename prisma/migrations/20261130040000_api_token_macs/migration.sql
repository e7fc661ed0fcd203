-- Storage is untrusted (docs/keys.md): a token row carries an HMAC under the
-- keyring's integrity key over what it grants (lib/tokens/integrity.ts), so a
-- row written or edited outside the app (new token, wider scopes, cleared
-- revocation) does not authenticate.
ALTER TABLE "api_tokens" ADD COLUMN "mac" BYTEA;

-- A change to what a token grants, however it was made, tells every instance
-- to drop its cached copy (the service also notifies; use counters do not).
CREATE FUNCTION "api_tokens_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('secrets_manager', 'tokens:' || COALESCE(NEW.id, OLD.id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER "api_tokens_changed"
  AFTER UPDATE OF "name", "lookup_id", "token_hash", "scopes", "name_patterns", "expires_at", "revoked_at", "mac" OR DELETE
  ON "api_tokens" FOR EACH ROW EXECUTE FUNCTION "api_tokens_changed"();
