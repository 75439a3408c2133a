import {
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { codePointLength, hasForbiddenCharacters } from '../../modules/clauses/clause-text';

/**
 * Text printed into a contract (the work location goes into the 特記事項): not blank, and without control,
 * zero-width or bidirectional-override characters, which would print invisibly or reorder the text.
 */
@ValidatorConstraint({ name: 'plainText' })
export class PlainTextRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.trim() !== '' && !hasForbiddenCharacters(value);
  }
  defaultMessage(): string {
    return 'must be printable text without control, zero-width or direction-override characters';
  }
}

/**
 * A maximum length counted in code points, as the database and the clause check count it (class-validator's
 * MaxLength counts emoji variation selectors as nothing): `@Validate(MaxCodePointsRule, [200])`.
 */
@ValidatorConstraint({ name: 'maxCodePoints' })
export class MaxCodePointsRule implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [max] = args.constraints as [number];
    return typeof value === 'string' && codePointLength(value) <= max;
  }
  defaultMessage(args: ValidationArguments): string {
    const [max] = args.constraints as [number];
    return `must be at most ${max} characters long`;
  }
}
