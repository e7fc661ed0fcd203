-- Storage is untrusted: the metadata that decides what a read returns carries
-- an HMAC under a random key the root key wraps (docs/keys.md). The columns
-- start empty; the keyring fills them once, when it creates that key.

-- AlterTable
ALTER TABLE "keyring" ADD COLUMN "mac_key" BYTEA;

-- AlterTable
ALTER TABLE "secret_names" ADD COLUMN "mac" BYTEA;

-- AlterTable
ALTER TABLE "secrets" ADD COLUMN "version_mac" BYTEA;

-- AlterTable
ALTER TABLE "secret_versions" ADD COLUMN "mac" BYTEA;
