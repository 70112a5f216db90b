/**
 * The name a user gave a nested construct's prop under, for messages: `LandingZone` passes its
 * `backupCopyTarget` to `LandingZoneBackup` as `copyTarget`, and errors and annotations must name
 * the prop the user actually set. Internal: keyed by the props object the parent builds.
 */
const COPY_TARGET_PROP = new WeakMap<object, string>();

/** Records that `props.copyTarget` came from the parent's prop `name`. */
export function nameCopyTargetProp<T extends object>(props: T, name: string): T {
  COPY_TARGET_PROP.set(props, name);
  return props;
}

/** The prop name to show for `props.copyTarget`: `copyTarget` unless a parent renamed it. */
export function copyTargetPropName(props: object): string {
  return COPY_TARGET_PROP.get(props) ?? 'copyTarget';
}
