import { Link } from 'react-aria-components';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Page } from '../components/page';
import { SignInForm } from '../auth/sign-in-form';
import { useSession } from '../auth/session';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { me, signedIn } = useSession();
  const next = safeNext(params.get('next'));
  if (me) return <Navigate to={next} replace />;
  return (
    <Page id="sign-in" title="Sign in" intro="Sign in to your organisation's acceptable-use self-assessment.">
      <SignInForm
        onSignedIn={async () => {
          await signedIn();
          void navigate(next, { replace: true });
        }}
      />
      <p className="secondary-links">
        <Link href="/forgot-password">Forgot your password?</Link>
        <span aria-hidden="true"> · </span>
        <Link href="/sign-up">Create an account for your organisation</Link>
      </p>
    </Page>
  );
}
