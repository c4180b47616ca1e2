import type { ReactNode } from 'react';
import { PASSWORD_MIN_LENGTH } from '../api/accounts';
import {
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'children'> {
  label: string;
  description?: ReactNode;
  /** Errors from the server for this field; shown under it and announced. */
  serverErrors?: string[];
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
}

/** A labelled text input with its help text and errors wired to it for screen readers. */
export function TextField({
  label,
  description,
  serverErrors,
  multiline,
  rows = 4,
  placeholder,
  ...props
}: TextFieldProps) {
  const invalid = !!serverErrors?.length || props.isInvalid;
  return (
    <AriaTextField {...props} isInvalid={invalid} className="field">
      <Label className="field-label">
        {label}
        {props.isRequired ? (
          <span aria-hidden="true" className="required-mark">
            {' '}
            *
          </span>
        ) : null}
      </Label>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      {multiline ? (
        <TextArea className="input textarea" rows={rows} placeholder={placeholder} />
      ) : (
        <Input className="input" placeholder={placeholder} />
      )}
      <FieldError className="field-error">
        {serverErrors?.length ? serverErrors.join(' ') : undefined}
      </FieldError>
    </AriaTextField>
  );
}

/** The reminder next to every free-text box: the product holds no content and no personal identifiers. */
export function ContentFreeNote() {
  return <>Do not type names of people, links, file names, hashes or case numbers here.</>;
}

/** A new password: the length rule and the passphrase advice, the same on every page that sets one. */
export function NewPasswordField({
  label = 'New password',
  ...props
}: Omit<TextFieldProps, 'label' | 'type' | 'minLength' | 'autoComplete' | 'description' | 'isRequired'> & {
  label?: string;
}) {
  return (
    <TextField
      {...props}
      label={label}
      type="password"
      isRequired
      minLength={PASSWORD_MIN_LENGTH}
      autoComplete="new-password"
      description={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of several unrelated words works well.`}
    />
  );
}
