// Statement helpers live with the repositories in libs/db.
export { rowsOf } from '@aup/db';
