package blank

import _ "io/ioutil"
