file(REMOVE_RECURSE
  "libisc_common.a"
)
