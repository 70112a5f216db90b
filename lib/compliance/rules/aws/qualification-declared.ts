import { CloudProvider } from '../../../core';
import { cfnTags } from '../../private/model';
import { Rule } from '../../types';
import { qualificationResults } from '../private/common';

export const awsQualificationDeclared: Rule = {
  id: 'aws-qualification-declared',
  control: 'ACN-QUAL-01',
  provider: CloudProvider.AWS,
  title: 'Declared ACN qualification meets the class minimum',
  checks: 'The qualification declared in the kit metadata (else the `acn:qualification` tags) is at least the class minimum: QC1 ordinario, QC2 critico, QC3 strategico.',
  fix: 'Use services qualified at the class minimum and declare the level in the tenant identity (`acn:qualification`).',
  severity: 'error',
  evaluate: (ctx) => qualificationResults(ctx, cfnTags),
};
