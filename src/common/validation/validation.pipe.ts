import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError } from '../errors/domain-error';

export interface FieldProblem {
  field: string;
  /** The rule that failed (class-validator's constraint name): stable, for the UI to pick its own wording. */
  rule: string;
  message: string;
}

/** DTO validation for every route: unknown fields are refused, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new InvalidInputError('REQUEST.VALIDATION', '入力内容に誤りがあります。', { fields: flatten(errors) }),
  });
}

export function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
