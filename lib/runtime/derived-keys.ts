// Everything encrypted under keys derived from the root key registers its
// re-encryption for `keys rotate-root` when its module loads; importing them
// here makes every process that bootstraps (server, CLI) know all of them.
import "../users/two-factor";
