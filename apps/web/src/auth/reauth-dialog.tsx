import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useSession } from './session';
import { SignInForm } from './sign-in-form';

/**
 * Shown over the current page when the session expires. The page underneath stays mounted, so nothing
 * typed is lost; after signing in, failed requests are retried (autosave picks up its queue).
 */
export function ReauthDialog() {
  const { me, expired, signedIn } = useSession();
  return (
    <ModalOverlay isOpen={expired} isDismissable={false} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title">Your session has ended</Heading>
          <p>
            Sign in again to continue. What you typed on this page is kept and will be saved after you sign
            in.
          </p>
          <SignInForm initialEmail={me?.user.email ?? ''} onSignedIn={signedIn} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
