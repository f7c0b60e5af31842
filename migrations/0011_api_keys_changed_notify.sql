-- Every change to api_keys (a revocation through the API, another instance, a psql session) is notified on the
-- channel api_keys_changed when its transaction commits: each instance's cache of verified keys
-- (modules/api-keys/api-keys.cache.ts) forgets every key it holds, so a revoked key stops working everywhere.
CREATE OR REPLACE FUNCTION notify_api_keys_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('api_keys_changed', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER api_keys_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION notify_api_keys_changed();
