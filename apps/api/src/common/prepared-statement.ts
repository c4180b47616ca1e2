// Moved to libs/db (repositories run the statements); kept for the auth area until its SQL moves there too.
export { prepared, runPrepared, type PreparedStatement } from '@aup/db';
