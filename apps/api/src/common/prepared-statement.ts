// Prepared statements live with the repositories in libs/db; the api's services import them from here.
export { prepared, runPrepared, type PreparedStatement } from '@aup/db';
