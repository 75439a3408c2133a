import { ValidateIf } from 'class-validator';

/**
 * For PATCH bodies: the field may be left out, but if it is sent it is validated — `null` included, so a
 * `{"password": null}` is refused as 400 instead of reaching the service (class-validator's IsOptional lets
 * null through).
 */
export const Omittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
