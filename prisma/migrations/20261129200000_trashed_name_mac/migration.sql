-- The name a secret had when it was moved to the trash, authenticated
-- (HMAC under the integrity key over secret id and name): restoring "under
-- its old name" must not seal a name that someone who can write the
-- database chose. Null for secrets trashed before this column existed;
-- those are restored under a name given explicitly.
ALTER TABLE "secrets" ADD COLUMN "trashed_name_mac" BYTEA;
