file(REMOVE_RECURSE
  "libiommuscope.a"
)
