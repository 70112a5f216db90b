import { CloudProvider } from '../../../core';
import { tfTags } from '../../private/model';
import { Rule } from '../../types';
import { qualificationResults } from '../private/common';

export const osQualificationDeclared: Rule = {
  id: 'os-qualification-declared',
  control: 'ACN-QUAL-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Declared ACN qualification meets the class minimum',
  checks: 'The qualification declared in the kit metadata (else the `acn:qualification=` tags) is at least the class minimum: QC1 ordinario, QC2 critico, QC3 strategico.',
  fix: 'Use a provider qualified at the class minimum and declare the level in the tenant identity (`acn:qualification`).',
  severity: 'error',
  evaluate: (ctx) => qualificationResults(ctx, tfTags),
};
